using Codex.ServiceDefaults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

namespace Codex.Web.Infrastructure;

/// <summary>
/// Whole anonymous pages kept in ASP.NET Core's output cache (ADR 027), so a visitor without cookies gets the bytes the
/// last one got instead of a fresh Razor render. A page opts in with
/// <c>[OutputCache(PolicyName = AnonymousPageCache.Policy)]</c>; <see cref="AnonymousPagePolicy"/> decides per request.
/// Entries carry the catalogue's <see cref="CacheTags"/> and are evicted by <see cref="Live.CacheInvalidations"/>
/// together with the site's HybridCache entries; they also expire on their own after <see cref="Lifetime"/>.
/// </summary>
public sealed class AnonymousPageCache(IOutputCacheStore store) : IDisposable
{
    /// <summary>The output cache policy of anonymous public pages.</summary>
    public const string Policy = "anonymous-page";

    /// <summary>How long a page is kept when no invalidation removes it first (the catalogue's own short entries last as long).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>All pages together stay under this (the store drops entries beyond it), whatever the number of queries.</summary>
    public const long SizeLimitBytes = 32 * 1024 * 1024;

    /// <summary>A larger answer is sent but not kept.</summary>
    public const long MaximumBodyBytes = 512 * 1024;

    // The path of each stored page -> what <see cref="ICachedPageVisits"/> remembered of its render (the content item a
    // content page shows, to count a view on each hit: the controller does not run then). Entries outlive the pages they
    // describe (each store refreshes its own; a path shows one item at a time, whatever its query) and are bounded in
    // number: one lost to the bound costs a view count, never a page.
    private readonly MemoryCache _visits = new(new MemoryCacheOptions { SizeLimit = 50_000 });
    private static readonly MemoryCacheEntryOptions VisitEntry = new() { AbsoluteExpirationRelativeToNow = Lifetime * 2, Size = 1 };
    private long _generation;

    /// <summary>Bumped by every eviction: a page whose render began before one is not stored (it may show what was evicted).</summary>
    internal long Generation => Interlocked.Read(ref _generation);

    /// <summary>Removes every page carrying one of <paramref name="tags"/>.</summary>
    public async ValueTask EvictAsync(IReadOnlyCollection<string> tags, CancellationToken ct)
    {
        Interlocked.Increment(ref _generation);
        foreach (var tag in tags) await store.EvictByTagAsync(tag, ct);
    }

    /// <summary>
    /// Keeps the page being rendered out of the cache: it shows a notice where a worker did not answer, or something
    /// else that should not be handed to the next visitor. No effect outside a cached page.
    /// </summary>
    public static void DoNotStore(HttpContext context)
    {
        if (context.Features.Get<IOutputCacheFeature>() is { } feature) feature.Context.AllowCacheStorage = false;
    }

    internal void Remember(PathString path, object visit)
    {
        if (path.Value is { } key) _visits.Set(key, visit, VisitEntry);
    }

    internal object? Remembered(PathString path) => path.Value is { } key && _visits.TryGetValue(key, out var visit) ? visit : null;

    public void Dispose() => _visits.Dispose();
}

/// <summary>
/// What a page's controller does on every visit besides rendering (counting a content view, ADR 022), for the visits
/// <see cref="AnonymousPageCache"/> answers without running it.
/// </summary>
public interface ICachedPageVisits
{
    /// <summary>What to keep with a page being stored, to replay its visits with; null when there is nothing to do.</summary>
    object? Remember(HttpContext context);

    /// <summary>A visit answered with a stored page, and what <see cref="Remember"/> kept of it.</summary>
    void Visited(HttpContext context, object remembered);
}

/// <summary>
/// Which requests <see cref="AnonymousPageCache"/> answers and which answers it keeps:
/// <list type="bullet">
/// <item>only a GET without any cookie and without <c>Authorization</c>: a session cookie, even one that no longer
/// works, may change the page (and the site's pages say <c>private</c> to any request with a cookie: a flash message
/// rides in one); HEAD is answered by the controller as before;</item>
/// <item>keyed by path, every query parameter and the htmx headers that choose the shape (fragment or page), and
/// <c>Accept-Encoding</c> in case compression runs inside the cache;</item>
/// <item>kept only when the answer is a 200 that said <c>public</c> (<see cref="PublicPageAttribute"/>), set no
/// cookie, was not marked <see cref="AnonymousPageCache.DoNotStore"/> and began after the last eviction.</item>
/// </list>
/// A page served from the cache is still a visit (<see cref="ICachedPageVisits"/>: a content view), and carries its own
/// request id.
/// </summary>
public sealed class AnonymousPagePolicy : IOutputCachePolicy
{
    private static readonly string[] VaryHeaders = ["HX-Request", "HX-Boosted", "HX-History-Restore-Request", "Accept-Encoding"];
    private static readonly object GenerationKey = new();

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) || request.Headers.Cookie.Count > 0 || request.Headers.Authorization.Count > 0)
        {
            context.EnableOutputCaching = false;
            return ValueTask.CompletedTask;
        }
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = AnonymousPageCache.Lifetime;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.HeaderNames = VaryHeaders;
        context.Tags.Add(CacheTags.Content);
        context.Tags.Add(CacheTags.Organizations);
        if (request.RouteValues["orgSlug"] is string slug) context.Tags.Add(CacheTags.Organization(slug));
        if (request.RouteValues["username"] is string username) context.Tags.Add(CacheTags.Person(username));
        http.Items[GenerationKey] = http.RequestServices.GetRequiredService<AnonymousPageCache>().Generation;
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (http.RequestServices.GetService<ICachedPageVisits>() is { } visits
            && http.RequestServices.GetRequiredService<AnonymousPageCache>().Remembered(http.Request.Path) is { } remembered)
            visits.Visited(http, remembered);
        // The stored headers include the request id of the request that rendered the page; this one has its own.
        http.Response.OnStarting(static state =>
        {
            var current = (HttpContext)state;
            current.Response.Headers[RequestIdMiddleware.Header] = current.TraceIdentifier;
            return Task.CompletedTask;
        }, http);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (!context.AllowCacheStorage) return ValueTask.CompletedTask;
        var http = context.HttpContext;
        var response = http.Response;
        var pages = http.RequestServices.GetRequiredService<AnonymousPageCache>();
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.SetCookie.Count > 0
            || !response.Headers.CacheControl.ToString().Contains("public", StringComparison.OrdinalIgnoreCase)
            || http.Items[GenerationKey] is not long generation || generation != pages.Generation)
        {
            context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
        if (http.RequestServices.GetService<ICachedPageVisits>()?.Remember(http) is { } remembered) pages.Remember(http.Request.Path, remembered);
        return ValueTask.CompletedTask;
    }
}
