export * from './auth';
export * from './events';
export * from './images';
export * from './invites';
export * from './listening';
export * from './music';
export * from './uploads';
export * from './visibility';
