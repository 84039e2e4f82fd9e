// The one SPA: four areas, each loaded on demand so the storefront's first load stays small.
import { StrictMode, Suspense, lazy, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Routes, Route, useLocation, useNavigationType } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import './lib/i18n.ts';
import './app/styles.css';
import { Loading } from './components/states.tsx';
import { ApiError } from './lib/api.ts';

const Home = lazy(() => import('./app/Home.tsx'));
const Console = lazy(() => import('./areas/console/index.tsx'));
const Brand = lazy(() => import('./areas/brand/index.tsx'));
const Reseller = lazy(() => import('./areas/reseller/index.tsx'));
const Storefront = lazy(() => import('./areas/storefront/index.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2, refetchOnWindowFocus: false },
  },
});

/**
 * A new page opens at its top, as a link does: following a link from a list scrolled down (a
 * reseller, an event in the calendar) must not open the next page scrolled as far. Back and
 * forward (POP) are left to the browser, which puts the reader back where they were.
 */
function ScrollToTopOnNavigate() {
  const { pathname } = useLocation();
  const how = useNavigationType();
  useEffect(() => {
    if (how !== 'POP') window.scrollTo(0, 0);
  }, [pathname, how]);
  return null;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <ScrollToTopOnNavigate />
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/console/*" element={<Console />} />
            <Route path="/brand/*" element={<Brand />} />
            <Route path="/reseller/*" element={<Reseller />} />
            <Route path="/s/:shareCode/*" element={<Storefront />} />
            <Route path="*" element={<Home />} />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
