import { requestReset } from "./actions";

export default function ForgotPasswordPage() {
  return (
    <main>
      <h1>Forgot your password?</h1>
      <form id="forgot-password-form" action={requestReset}>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" required />
        <button type="submit">Send</button>
      </form>
    </main>
  );
}
