// The renderer <-> main contract.
export * from './contract';
