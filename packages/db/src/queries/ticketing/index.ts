export * from './apply';
export * from './deliveries';
export * from './listing';
export * from './people';
export * from './sync-runs';
export { advanceVersion, versionKey } from './versions';
