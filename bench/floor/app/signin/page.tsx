import { signIn } from "./actions";

export default function SignInPage() {
  return (
    <main>
      <h1>Sign in</h1>
      <form id="signin-form" action={signIn}>
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
