export { usersRoutes } from "./users.routes";
export { createUsersService, type UsersService } from "./users.service";
