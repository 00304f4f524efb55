import { describe, expect, it } from 'vitest';
import { readApiRequest } from './api-request.js';
import { requestAccessKeyId } from './request-access-key.js';

const request = (url: string, authorization?: string) =>
  readApiRequest({
    method: 'POST',
    url,
    header: (name) => (name === 'authorization' ? authorization : undefined),
    body: '',
  });

describe('requestAccessKeyId', () => {
  it.each([
    { given: request('/?AccessKeyId=LTAI5tSimulatorTestKeyA&Action=CreateSnapshot'), want: 'LTAI5tSimulatorTestKeyA' },
    {
      given: request('/', 'ACS3-HMAC-SHA256 Credential=LTAI5tSimulatorTestKeyB,SignedHeaders=host,Signature=abc'),
      want: 'LTAI5tSimulatorTestKeyB',
    },
    { given: request('/', 'ACS3-HMAC-SHA256 SignedHeaders=host, Credential= K ,Signature=abc'), want: 'K' },
    { given: request('/', 'ACS3-HMAC-SHA256 Credential=K'), want: 'K' },
    { given: request('/', 'ACS3-HMAC-SHA256 SignedHeaders=host'), want: undefined },
    { given: request('/?Action=CreateSnapshot'), want: undefined },
  ])('$want', ({ given, want }) => {
    expect(requestAccessKeyId(given)).toBe(want);
  });
});
