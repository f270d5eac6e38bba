package dev.vertxelastic.gateway.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser client: the files under {@code webroot/} on the classpath, served at {@code /}.
 * {@code index.html} is revalidated on every load ({@code no-cache} with {@code Last-Modified}),
 * so a deploy reaches the next page load; the modules, styles and icons it loads may be reused
 * for {@link #ASSET_MAX_AGE_SECONDS} and are revalidated after that. A path with no file falls
 * through to the router's problem+json 404; the client routes with {@code #/...}, so no path needs
 * an index fallback.
 */
public final class WebApp implements Handler<RoutingContext> {

  /** Short on purpose: asset URLs are not versioned (no build step), so this bounds how long a browser may run an older module after a deploy. */
  static final int ASSET_MAX_AGE_SECONDS = 300;
  /** The HTTP metrics' route label of the client's files (an unnamed catch-all route would count them under ""). */
  public static final String ROUTE_NAME = "/*";
  static final String PAGE_CACHE_CONTROL = "no-cache";
  static final String ASSET_CACHE_CONTROL = "public, max-age=" + ASSET_MAX_AGE_SECONDS;

  private final StaticHandler files = StaticHandler.create("webroot")
      .setCachingEnabled(true)
      .setDirectoryListing(false)
      .setIndexPage("index.html")
      .setDefaultContentEncoding("UTF-8");

  private WebApp() {
  }

  /** The handler of every GET and HEAD that no API or WebSocket route took. */
  public static WebApp create() {
    return new WebApp();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    // The static handler keeps a Cache-Control already set and adds Last-Modified and the 304 answer.
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, isPage(path) ? PAGE_CACHE_CONTROL : ASSET_CACHE_CONTROL);
    ctx.addHeadersEndHandler(v -> {
      if (ctx.response().getStatusCode() >= 400) {
        // A problem answer (e.g. 404) must not be cached as if it were a file.
        ctx.response().headers().remove(HttpHeaders.CACHE_CONTROL);
      }
    });
    files.handle(ctx);
  }

  static boolean isPage(String path) {
    return path.endsWith("/") || path.endsWith(".html");
  }
}
