/** nginx in front of the cluster's nodes: the launcher the benchmarks use too. */
export { NGINX_TEMPLATE, nginxSite, startNginx, type TestNginx } from '../../helpers/nginx.mjs';
