import { NotFound } from "../../components/not-found";

export const NotFoundPage = () => <NotFound />;
