import { stringify } from 'node:querystring';
import { encodeCustomerForm, findUpdateProblem } from '../../../lambda/fastly/form.js';
import type { CustomerUpdate } from '../../../lambda/fastly/schemas.js';

describe('encodeCustomerForm', () => {
  it('encodes the documented example exactly', () => {
    const body = encodeCustomerForm({
      force_2fa: true,
      force_sso: false,
      ip_whitelist: '192.0.2.0/24,198.51.100.7',
      name: 'A&B Co',
    });
    expect(body).toBe('force_2fa=true&force_sso=false&ip_whitelist=192.0.2.0%2F24%2C198.51.100.7&name=A%26B%20Co');
  });

  it('puts fields in the official client order (alphabetical), whatever order they are given in', () => {
    const body = encodeCustomerForm({ name: 'N', has_pci: true, billing_ref: 'r', force_2fa: false, pricing_plan_id: 'p2', pricing_plan: 'p' });
    expect(body).toBe('billing_ref=r&force_2fa=false&has_pci=true&name=N&pricing_plan=p&pricing_plan_id=p2');
  });

  it('leaves out null and undefined, and sends an empty string as key=', () => {
    expect(encodeCustomerForm({ name: null, phone_number: '', force_sso: undefined, has_pci: false })).toBe(
      'has_pci=false&phone_number=',
    );
  });

  it('percent-encodes like querystring.stringify: spaces as %20, never +, UTF-8 bytes', () => {
    const update: CustomerUpdate = { postal_address: "1 Main St, Zürich + 🚀 !'()*~", name: 'a=b;c?d#e' };
    const body = encodeCustomerForm(update);
    expect(body).toBe(stringify({ name: 'a=b;c?d#e', postal_address: "1 Main St, Zürich + 🚀 !'()*~" }));
    expect(body).toContain('1%20Main%20St%2C%20Z%C3%BCrich%20%2B%20%F0%9F%9A%80');
    expect(body).not.toContain('+');
  });
});

describe('findUpdateProblem', () => {
  it('accepts writable fields with string and boolean values', () => {
    expect(findUpdateProblem({ force_2fa: true, ip_whitelist: '203.0.113.0/24', owner_id: null })).toBeUndefined();
  });

  it.each(['has_pci_passwords', 'id', 'can_upload_vcl', 'updated_at'])('refuses the read-only field %s', (field) => {
    const update = { force_2fa: true, [field]: 'x' } as unknown as CustomerUpdate;
    expect(findUpdateProblem(update)).toEqual({ field, reason: 'is read-only' });
  });

  it('refuses a field that is not a writable customer field', () => {
    const update = { force_2fa: true, force_2FA: true } as unknown as CustomerUpdate;
    expect(findUpdateProblem(update)).toEqual({ field: 'force_2FA', reason: 'is not a writable customer field' });
  });

  it('refuses values that are neither strings nor booleans', () => {
    const update = { has_pci: 1 } as unknown as CustomerUpdate;
    expect(findUpdateProblem(update)).toEqual({ field: 'has_pci', reason: 'must be a string or a boolean, not number' });
  });

  it('refuses a string with a lone surrogate, which cannot be percent-encoded', () => {
    expect(findUpdateProblem({ name: 'bad \uD800 name' })).toEqual({ field: 'name', reason: 'is not well-formed Unicode' });
  });

  it('refuses an empty update and one with only null/undefined values', () => {
    expect(findUpdateProblem({})?.reason).toMatch(/empty/);
    expect(findUpdateProblem({ name: null, force_sso: undefined })?.reason).toMatch(/empty/);
  });
});
