import { cookies } from "next/headers";
import { SESSION_COOKIE, sql } from "../../database";

type Row = { title: string; href: string; username: string | null };

/**
 * Ten links and who is signed in, in one indexed query: the links by their section and position,
 * the session (an unexpired one, by its primary key) joined to its user.
 */
export default async function KnowledgeBasePage() {
  const token = (await cookies()).get(SESSION_COOKIE)?.value ?? "";
  const rows = await sql()<Row[]>`
    select l.title, l.href,
      (select u.username from sessions s join users u on u.id = s.user_id where s.id = ${token} and s.expires > now()) as username
    from links l where l.section = 'kb' order by l.position limit 10`;
  const username = rows[0]?.username;
  return (
    <main>
      <p>{username ? `Signed in as ${username}` : <a href="/signin">Sign in</a>}</p>
      <h1>Knowledge Base</h1>
      <ul>
        {rows.map((row) => (
          <li key={row.href}>
            <a href={row.href}>{row.title}</a>
          </li>
        ))}
      </ul>
    </main>
  );
}
