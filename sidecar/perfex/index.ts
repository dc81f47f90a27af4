export * from './client';
export * from './countries';
export * from './errors';
export * from './multipart';
export * from './operations';
export * from './schemas';
export * from './webhook-signature';
