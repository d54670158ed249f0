/** The peer broke the wire protocol; the session ends with FATAL 08P01 and this message. */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}
