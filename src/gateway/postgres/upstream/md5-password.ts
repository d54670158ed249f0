import { createHash } from 'node:crypto';

const md5Hex = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

/** The PasswordMessage payload for AuthenticationMD5Password: "md5" + md5(md5(password + user) + salt). */
export function md5PasswordResponse(user: string, password: string, salt: Buffer): string {
  const inner = md5Hex(password + user);
  return 'md5' + md5Hex(Buffer.concat([Buffer.from(inner, 'utf8'), salt]));
}
