import fc from 'fast-check';

// Property tests are reproducible: every fc.assert draws from this seed unless
// a test gives its own (FC_SEED=n tries another, to look further for a failure).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261201) });
