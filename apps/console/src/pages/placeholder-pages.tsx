import { Link } from 'react-router';

export function ComingLater({ title }: { title: string }) {
  return (
    <section className="page narrow">
      <h1>{title}</h1>
      <p className="state">This section comes in a later release. Sessions are already explorable in <Link to="/sessions">API Sessions</Link>.</p>
    </section>
  );
}

export function NotFoundPage() {
  return (
    <section className="page narrow">
      <h1>Page not found</h1>
      <p className="state">
        Nothing lives at this address. Go to <Link to="/sessions">API Sessions</Link>.
      </p>
    </section>
  );
}
