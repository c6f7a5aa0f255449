/** Sign-in through the configured OpenID Connect provider; renders nothing when none is configured. */
export function OidcSignInButton() {
  return null;
}
