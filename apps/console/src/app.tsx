import { useEffect, useRef } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { ComingLater, NotFoundPage } from './pages/placeholder-pages';
import { RequestPage } from './pages/request-page';
import { SessionDetailsPage } from './pages/session-details-page';
import { SessionListPage } from './pages/session-list-page';
import { useTheme } from './theme';

/** Sections of the console; those of later issues are listed so the layout and routes have their place. */
const sections = [
  { path: '/sessions', label: 'API Sessions', ready: true },
  { path: '/attacks', label: 'Attacks', ready: false },
  { path: '/api-discovery', label: 'API Discovery', ready: false },
  { path: '/bots', label: 'API Abuse (bots)', ready: false },
];

export function App() {
  const [theme, toggleTheme] = useTheme();
  const { pathname } = useLocation();
  const shownPath = useRef(pathname);
  useEffect(() => {
    // A new screen (not a filter change on the same one) starts keyboard and screen reader users at its content.
    if (pathname === shownPath.current) return;
    shownPath.current = pathname;
    document.getElementById('main')?.focus();
  }, [pathname]);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Sessionscope</span>
        <nav aria-label="Sections">
          <ul>
            {sections.map((section) => (
              <li key={section.path}>
                <NavLink to={section.path} className={({ isActive }) => (isActive || (section.path === '/sessions' && pathname.startsWith('/requests/')) ? 'active' : section.ready ? '' : 'later')}>
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="theme-toggle" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<Navigate to="/sessions" replace />} />
          <Route path="/sessions" element={<SessionListPage />} />
          <Route path="/sessions/:sessionId" element={<SessionDetailsPage />} />
          <Route path="/requests/:requestId" element={<RequestPage />} />
          <Route path="/attacks/*" element={<ComingLater title="Attacks" />} />
          <Route path="/api-discovery/*" element={<ComingLater title="API Discovery" />} />
          <Route path="/bots/*" element={<ComingLater title="API Abuse (bots)" />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </div>
  );
}
