import { errorsFrom, type FormErrors, NO_ERRORS, type Schema, validate } from './forms.ts';

interface FormOptions<Values, Data> {
  /** The API's own schema from @klankbord/domain. */
  schema: Schema<Data>;
  /** What the fields start with. */
  values: Values;
  /** Sends the validated data; a thrown `ApiError` becomes the form's errors. */
  send: (data: Data) => Promise<unknown>;
}

/**
 * One form's state and submit flow: validate with the domain's schema, send while busy, show what went wrong.
 * Bind the fields to `values`, hand `errors` to the ErrorSummary and fields, and use `submit` as `onsubmit`.
 */
export class Form<Values extends object, Data> {
  values: Values = $state() as Values;
  errors: FormErrors = $state(NO_ERRORS);
  /** True while a submit is waiting for `send`. */
  busy = $state(false);
  /** True once the last submit went through; false again as soon as the next one starts. */
  done = $state(false);

  readonly #schema: Schema<Data>;
  readonly #send: (data: Data) => Promise<unknown>;

  constructor({ schema, values, send }: FormOptions<Values, Data>) {
    this.#schema = schema;
    this.#send = send;
    this.values = values;
  }

  // An arrow function, so that `onsubmit={form.submit}` keeps `this`.
  submit = async (event?: SubmitEvent): Promise<void> => {
    event?.preventDefault();
    this.done = false;
    const checked = validate(this.#schema, this.values);
    if ('errors' in checked) {
      this.errors = checked.errors;
      return;
    }
    this.busy = true;
    try {
      await this.#send(checked.data);
      this.errors = NO_ERRORS;
      this.done = true;
    } catch (error) {
      this.errors = errorsFrom(error);
    } finally {
      this.busy = false;
    }
  };
}
