import { s3ConsoleUrl } from '../../../lambda/aws/console-url.js';

describe('s3ConsoleUrl', () => {
  it("links to the object's page in the S3 console of the bucket's region", () => {
    expect(s3ConsoleUrl('eu-central-1', 'audit-reports-123', 'reports/x4xC/2026/03/14/run-0001.html')).toBe(
      'https://eu-central-1.console.aws.amazon.com/s3/object/audit-reports-123?region=eu-central-1&prefix=reports/x4xC/2026/03/14/run-0001.html',
    );
  });

  it('uses the console of the China and GovCloud partitions there', () => {
    expect(s3ConsoleUrl('cn-north-1', 'b', 'k.html')).toBe('https://cn-north-1.console.amazonaws.cn/s3/object/b?region=cn-north-1&prefix=k.html');
    expect(s3ConsoleUrl('us-gov-west-1', 'b', 'k.html')).toBe('https://us-gov-west-1.console.amazonaws-us-gov.com/s3/object/b?region=us-gov-west-1&prefix=k.html');
  });

  it('percent-encodes everything in the bucket and key but letters, digits, - _ . and the key\'s slashes', () => {
    const url = s3ConsoleUrl('us-east-1', 'b', "reports/a b&c=d'(e)*~!<f>`g/h.html") ?? '';

    expect(url).toBe('https://us-east-1.console.aws.amazon.com/s3/object/b?region=us-east-1&prefix=reports/a%20b%26c%3Dd%27%28e%29%2A%7E%21%3Cf%3E%60g/h.html');
    expect(url).toMatch(/^[A-Za-z0-9._\-/:?=&%]+$/);
  });

  it('has no link without a region name (outside Lambda, or a value that is not a region)', () => {
    expect(s3ConsoleUrl(undefined, 'b', 'k')).toBeUndefined();
    expect(s3ConsoleUrl('evil.example/#', 'b', 'k')).toBeUndefined();
    expect(s3ConsoleUrl('', 'b', 'k')).toBeUndefined();
  });
});
