import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, UNAUTHENTICATED_EVENT } from '../api/client';
import type { Session, SessionUser } from '../api/session-paths';
import { unwrap } from '../api/problem';

interface SessionState {
  /** undefined while the first session check runs; null when signed out. */
  user: SessionUser | null | undefined;
  signIn: (email: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  const accept = useCallback((s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    setUser(s?.user ?? null);
  }, []);

  useEffect(() => {
    let live = true;
    api.GET('/api/v1/auth/session').then(
      ({ data, response }) => live && accept(response.ok && data ? (data as Session) : null),
      () => live && accept(null),
    );
    const onExpired = () => accept(null);
    window.addEventListener(UNAUTHENTICATED_EVENT, onExpired);
    return () => {
      live = false;
      window.removeEventListener(UNAUTHENTICATED_EVENT, onExpired);
    };
  }, [accept]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const s = (await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }))) as Session;
      accept(s);
      return s.user;
    },
    [accept],
  );

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/logout').catch(() => undefined);
    accept(null);
  }, [accept]);

  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user; only for components rendered inside the protected layout. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
