import Link from "next/link";

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-heading" className="card">
      <h1 id="not-found-heading" className="mb-4 text-2xl font-bold">
        Page not found
      </h1>
      <p>
        There is no page at this address. Go to the <Link href="/">main page</Link> or use the search box at the top.
      </p>
    </section>
  );
}
