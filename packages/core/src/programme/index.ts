/** The programme process, as the server's routes use it (`programme.*`). */
export * from './processes.service.ts';
export * from './ideas.service.ts';
export * from './drafts.service.ts';
export * from './amendments.service.ts';
export * from './exports.ts';
export { phaseAt, isCommission } from './programme.policy.ts';
export { numberLines, applyChanges, overlaps, LINE_WIDTH } from './draft-text.ts';
