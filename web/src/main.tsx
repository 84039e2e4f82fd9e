// The one SPA: four areas, each loaded on demand so the storefront's first load stays small.
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Routes, Route } from 'react-router';
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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
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
