import type { StudyResult } from '../run/study.js';
import { supportWarnings } from '../sales/support.js';
import type { LoadedScenario } from '../scenario/load.js';

/**
 * What a reader must be told about a study's results: printed as `warning: ...`
 * lines on stdout and kept as `warning` rows of summary.csv. For now F9 (sales
 * support as the constraint) for sales scenarios.
 */
export function studyWarnings(loaded: LoadedScenario, result: StudyResult): string[] {
  return loaded.kind === 'sales' ? supportWarnings(loaded.spec, result.replications) : [];
}
