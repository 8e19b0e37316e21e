import { resetPasswordInput } from '@klankbord/domain';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.ts';
import { Form } from './form.svelte.ts';
import { NO_ERRORS } from './forms.ts';

const GOOD = 'lang genoeg wachtwoord';

function submitEvent() {
  return { preventDefault: vi.fn() } as unknown as SubmitEvent & { preventDefault: ReturnType<typeof vi.fn> };
}

describe('Form', () => {
  it('keeps the browser from submitting the form itself', async () => {
    const form = new Form({ schema: resetPasswordInput, values: { password: GOOD }, send: async () => {} });
    const event = submitEvent();
    await form.submit(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('shows the schema’s errors and sends nothing when the values are wrong', async () => {
    const send = vi.fn(async () => {});
    const form = new Form({ schema: resetPasswordInput, values: { password: 'kort' }, send });
    await form.submit(submitEvent());
    expect(send).not.toHaveBeenCalled();
    expect(form.errors).toEqual({ form: null, fields: { password: 'password.tooShort' } });
    expect([form.busy, form.done]).toEqual([false, false]);
  });

  it('sends the parsed data, busy until the API answers, then clears the errors', async () => {
    let answer = () => {};
    const send = vi.fn(() => new Promise<void>((resolve) => (answer = resolve)));
    const form = new Form({ schema: resetPasswordInput, values: { password: 'kort' }, send });
    await form.submit();
    form.values.password = GOOD;

    const submitted = form.submit();
    expect(send).toHaveBeenCalledWith({ password: GOOD });
    expect(form.busy).toBe(true);
    answer();
    await submitted;
    expect([form.busy, form.done]).toEqual([false, true]);
    expect(form.errors).toEqual(NO_ERRORS);
  });

  it('shows the API’s errors when sending fails', async () => {
    const form = new Form({
      schema: resetPasswordInput,
      values: { password: GOOD },
      send: () => Promise.reject(new ApiError(410, 'reset.invalid')),
    });
    await form.submit();
    expect(form.errors).toEqual({ form: 'reset.invalid', fields: {} });
    expect([form.busy, form.done]).toEqual([false, false]);
  });

  it('forgets that the last submit went through as soon as the next one starts', async () => {
    const form = new Form({ schema: resetPasswordInput, values: { password: GOOD }, send: async () => {} });
    await form.submit();
    expect(form.done).toBe(true);
    form.values.password = '';
    await form.submit();
    expect(form.done).toBe(false);
  });
});
