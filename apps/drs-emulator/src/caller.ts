/** The account and Region a request acts on. */
export interface Caller {
  accountID: string;
  region: string;
}

// Credential=<access key id>/<date>/<region>/<service>/aws4_request, as SigV4 clients send it.
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/[^/,\s]+\/([^/,\s]+)\/[^/,\s]+\/aws4_request/;
const ACCOUNT_ID_IN_KEY = /(?<![0-9])[0-9]{12}(?![0-9])/;

/**
 * Reads the caller from the SigV4 `Authorization` header; the signature itself is not checked.
 * The account is a run of exactly 12 digits in the access key id (`AKIA123456789012EMUL` acts as
 * 123456789012), else the fallback account. The Region is the credential scope's Region. Without
 * a SigV4 header, the fallback account and Region apply.
 */
export function resolveCaller(authorization: string | undefined, fallback: Caller): Caller {
  const scope = authorization ? CREDENTIAL_SCOPE.exec(authorization) : null;
  if (!scope) {
    return fallback;
  }

  const [, accessKeyId, region] = scope;
  const accountMatch = ACCOUNT_ID_IN_KEY.exec(accessKeyId);

  return { accountID: accountMatch ? accountMatch[0] : fallback.accountID, region };
}

/** Returns the access key id of a SigV4 `Authorization` header, or undefined without one. */
export function readAccessKeyId(authorization: string | undefined): string | undefined {
  const scope = authorization ? CREDENTIAL_SCOPE.exec(authorization) : null;

  return scope ? scope[1] : undefined;
}
