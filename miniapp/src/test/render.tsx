import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { useEffect, type ReactElement } from "react";
import { Route, Routes, useNavigate } from "react-router-dom";
import { SnackbarProvider, ZMPRouter } from "zmp-ui";

/** ZMPRouter's memory router always starts at its basename; jump to the page under test. */
function StartAt({ path }: { path: string }) {
  const navigate = useNavigate();
  useEffect(() => {
    navigate(path, { replace: true });
  }, [navigate, path]);
  return null;
}

/** Render a page inside the providers it needs (as in app.tsx), at a given path. */
export function renderPage(element: ReactElement, { path = "/", route = "/" }: { path?: string; route?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  return render(
    <QueryClientProvider client={client}>
      <SnackbarProvider>
        <ZMPRouter memoryRouter>
          <StartAt path={path} />
          <Routes>
            <Route path={route} element={element} />
            <Route path="*" element={<p>Trang khác</p>} />
          </Routes>
        </ZMPRouter>
      </SnackbarProvider>
    </QueryClientProvider>,
  );
}

/** A fetch stub answering by URL path+query; unknown URLs get a 404 in our error shape. */
export function routeFetch(routes: Record<string, unknown>) {
  return async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(String(input), "http://localhost");
    const key = url.pathname + url.search;
    if (key in routes) return new Response(JSON.stringify(routes[key]), { status: 200 });
    return new Response(JSON.stringify({ code: "not_found", message: "Không tìm thấy.", fields: {} }), { status: 404 });
  };
}
