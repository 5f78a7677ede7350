export * from './events.js';
export * from './metrics.js';
export * from './rates.js';
export * from './roles.js';
export * from './alerts.js';
export * from './socket.js';
export * from './requests.js';
