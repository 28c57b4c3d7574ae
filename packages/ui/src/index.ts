export { authClient } from './auth-client';
export { Alert, EmptyState, Spinner } from './components/feedback';
export { AppShell, CenteredCard, type NavItem } from './components/shell';
export { LoginPage } from './pages/login-page';
export { Providers } from './providers';
export { Link, navigate, usePath, useSearchParam } from './router';
export { errorText, trpc } from './trpc';
