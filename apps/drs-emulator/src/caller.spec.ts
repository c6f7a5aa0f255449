import { resolveCaller } from './caller';

const fallback = { accountID: '123456789012', region: 'us-east-1' };

function authorization(accessKeyId: string, region: string): string {
  return (
    `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261201/${region}/drs/aws4_request, ` +
    'SignedHeaders=host;x-amz-date, Signature=abc'
  );
}

describe(resolveCaller.name, () => {
  it('reads account and Region from SigV4', () => {
    expect(resolveCaller(authorization('AKIA210987654321EMUL', 'us-west-2'), fallback)).toEqual({
      accountID: '210987654321',
      region: 'us-west-2',
    });
  });

  it('falls back to the first account when the key has no 12-digit run', () => {
    expect(resolveCaller(authorization('AKIAEXAMPLE', 'eu-west-1'), fallback)).toEqual({
      accountID: '123456789012',
      region: 'eu-west-1',
    });
  });

  it('ignores longer digit runs', () => {
    expect(resolveCaller(authorization('AKIA1234567890123456', 'us-east-1'), fallback).accountID).toBe(
      '123456789012',
    );
  });

  it('uses the fallback without a SigV4 header', () => {
    expect(resolveCaller(undefined, fallback)).toEqual(fallback);
    expect(resolveCaller('Bearer token', fallback)).toEqual(fallback);
  });
});
