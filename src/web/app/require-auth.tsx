import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import type { Permission } from "../../api/permissions";
import { PageLoader } from "../components/list-state";
import { useAuth } from "./auth-context";

/** Sends visitors without a session to the sign-in page, remembering where they were going. */
export const RequireAuth = ({ children }: { children: ReactNode }) => {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <PageLoader />;
  if (!user) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/sign-in" replace state={from === "/" ? null : { from }} />;
  }
  return <>{children}</>;
};

/** Renders the page only for roles with the permission; others go home. */
export const RequirePermission = ({
  permission,
  children,
}: {
  permission: Permission;
  children: ReactNode;
}) => {
  const { can } = useAuth();
  if (!can(permission)) return <Navigate to="/" replace />;
  return <>{children}</>;
};

/** Staff-wide pages; a customer contact is sent to their own view instead (their organization by default). */
export const RequireStaff = ({
  children,
  mine = "/my-organization",
}: {
  children: ReactNode;
  mine?: string;
}) => {
  const { user } = useAuth();
  if (user?.role === "customer_contact") return <Navigate to={mine} replace />;
  return <>{children}</>;
};

/** Pages of the customer portal; staff are sent to the console's page for the same things. */
export const RequireCustomer = ({ children, staff }: { children: ReactNode; staff: string }) => {
  const { user } = useAuth();
  if (user?.role !== "customer_contact") return <Navigate to={staff} replace />;
  return <>{children}</>;
};
