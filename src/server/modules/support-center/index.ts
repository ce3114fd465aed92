export { type ArticlesService, createArticlesService } from "./articles.service";
export { createFeatureRequestsService, type FeatureRequestsService } from "./feature-requests.service";
export { createSearchService, type SearchService } from "./search.service";
export { supportCenterRoutes } from "./support-center.routes";
