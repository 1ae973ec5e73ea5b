/** nginx in front of the cluster's nodes: the launcher the benchmarks use too. */
export { NGINX_TEMPLATE, nginxSite, runNginx, startNginx, type RunningNginx, type TestNginx } from '../../helpers/nginx.mjs';
