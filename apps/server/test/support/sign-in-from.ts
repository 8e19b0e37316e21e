import { request } from 'node:http';

/**
 * Sends a wrong sign-in to `baseUrl` from the local address `from` (any of 127.0.0.0/8 is this machine: a person
 * of their own behind one balancer), optionally with an X-Forwarded-For of the client's own; the HTTP status.
 */
export function wrongSignInFrom(baseUrl: string, from: string, email: string, forwardedFor?: string): Promise<number> {
  const url = new URL('/api/auth/login', baseUrl);
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      {
        method: 'POST',
        localAddress: from,
        headers: {
          origin: url.origin,
          'content-type': 'application/json',
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    sent.on('error', reject);
    sent.end(JSON.stringify({ email, password: 'een verkeerd wachtwoord' }));
  });
}
