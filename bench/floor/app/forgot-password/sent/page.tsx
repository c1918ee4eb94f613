export default function SentPage() {
  return (
    <main>
      <h1>Check your email</h1>
    </main>
  );
}
