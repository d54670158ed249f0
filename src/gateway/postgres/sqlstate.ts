/** SQLSTATE codes the gateway uses for its own errors (see CONTRACT.md, "What the agent sees"). */
export const SQLSTATE = {
  invalidPassword: '28P01',
  invalidAuthorization: '28000',
  unknownDatabase: '3D000',
  insufficientPrivilege: '42501',
  queryCanceled: '57014',
  adminShutdown: '57P01',
  cannotConnectNow: '57P03',
  protocolViolation: '08P01',
  connectionFailure: '08006',
  featureNotSupported: '0A000',
  internalError: 'XX000',
} as const;
