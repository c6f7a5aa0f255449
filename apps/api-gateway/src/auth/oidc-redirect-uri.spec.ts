import { redirectUriProblem } from './oidc-redirect-uri';

describe(redirectUriProblem.name, () => {
  const origin = { protocol: 'https', host: 'dr.example.com' };

  it.each([
    ['https://dr.example.com/auth/callback', origin],
    ['https://DR.example.com:443/auth/callback', origin],
    ['http://127.0.0.1:3000/auth/callback', { protocol: 'http', host: '127.0.0.1:3000' }],
    ['https://dr.example.com/auth/callback', { protocol: 'http', host: 'dr.example.com' }],
  ])('accepts %s', (redirectUri, requestOrigin) => {
    expect(redirectUriProblem(redirectUri, requestOrigin)).toBeNull();
  });

  it.each([
    ['another host', 'https://evil.example.com/auth/callback'],
    ['a host that only starts alike', 'https://dr.example.com.evil.example/auth/callback'],
    ['another port', 'https://dr.example.com:8443/auth/callback'],
    ['plain http on an https origin', 'http://dr.example.com/auth/callback'],
    ['another path', 'https://dr.example.com/auth/callback/extra'],
    ['a path that differs by case', 'https://dr.example.com/Auth/Callback'],
    ['a query', 'https://dr.example.com/auth/callback?next=https://evil.example.com'],
    ['an empty query', 'https://dr.example.com/auth/callback?'],
    ['a fragment', 'https://dr.example.com/auth/callback#x'],
    ['user info', 'https://user@dr.example.com/auth/callback'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a relative URL', '/auth/callback'],
    ['a protocol-relative URL', '//evil.example.com/auth/callback'],
  ])('rejects %s', (_case, redirectUri) => {
    expect(redirectUriProblem(redirectUri, origin)).toBe(
      "redirectUri must be https://dr.example.com/auth/callback, the dashboard's sign-in callback on this server",
    );
  });
});
