// The renderer <-> main contract, and the file types both sides accept for import.
export * from './contract';
export * from './import-types';
