// Agreement between reviewers who checked one document independently (issue 15).
export * from './alpha';
export * from './agreement';
export * from './agreement-csv';
