import argon2 from 'argon2';

/**
 * argon2id (the argon2 package's defaults: 64 MiB, 3 passes, 4 lanes): slow on purpose, so a stolen
 * users table does not give the passwords back. Verifying takes ~50-100 ms: fine for a sign-in, never
 * on a request's path (sessions are signed cookies).
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function passwordMatches(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // Not a hash argon2 can read (an account that has no password yet): no match.
    return false;
  }
}
