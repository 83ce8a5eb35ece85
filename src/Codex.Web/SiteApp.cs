using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Razor;
using Serilog;

namespace Codex.Web;

/// <summary>Builds the site: MVC with feature-folder views, typed worker clients, error pages.</summary>
public static class SiteApp
{
    /// <summary>
    /// Creates the site application. <paramref name="configure"/> runs on the builder before services are added
    /// (the host sets the listening address; tests point worker URLs elsewhere).
    /// </summary>
    public static WebApplication Create(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = options.Args,
            EnvironmentName = options.EnvironmentName,
            ContentRootPath = options.ContentRootPath,
            WebRootPath = options.WebRootPath,
            // MVC discovers controllers and compiled views from the application's assembly: this one.
            ApplicationName = typeof(SiteApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);
        var services = builder.Services;
        services.AddSerilog(Log.Logger.ForContext("App", "site"));
        services.AddControllersWithViews(o =>
            {
                o.Filters.Add<VaryOnHtmxFilter>();
                o.Filters.Add<WorkerUnavailableFilter>();
                o.Filters.Add<WorkerRefusalFilter>();
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            })
            .AddRazorOptions(o =>
            {
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            });
        // Keys for antiforgery and cookies live with the data, so a new container does not sign everyone out.
        services.AddDataProtection()
            .SetApplicationName("codex")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(
                Path.GetFullPath(builder.Configuration["Codex:DataPath"] is { Length: > 0 } data ? data : "data"), "keys")));
        services.AddValidatorsFromAssemblyContaining<Features.Discover.DiscoverFormValidator>(ServiceLifetime.Singleton);
        services.AddWorkerClients(builder.Configuration);
        services.AddScoped<CurrentSession>();
        services.AddScoped<Catalogue>();
        services.AddSingleton<Markdown>();
        services.AddSingleton<SiteUrls>();
        services.AddHttpForwarder();
        services.AddHybridCache(o =>
        {
            o.MaximumPayloadBytes = 8 * 1024 * 1024; // the sitemap's entry list
            o.DefaultEntryOptions = new Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1) };
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "codex-antiforgery";
            // Always would throw on plain-HTTP requests (a TLS-terminating proxy in front); the token pair is still
            // bound to this site and useless elsewhere.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var cidr in builder.Configuration.GetSection("Codex:TrustedProxies").Get<string[]>() ?? ["127.0.0.0/8", "::1/128"])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(cidr));
        });

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = Log.Logger.ForContext("App", "site");
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
        });
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/errors/exception");
        app.UseStatusCodePagesWithReExecute("/errors/{0}");
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                // Versioned URLs (?v=hash) never change; the rest may, so they are revalidated hourly.
                var versioned = file.Context.Request.Query.ContainsKey("v");
                file.Context.Response.Headers.CacheControl = versioned ? "public, max-age=31536000, immutable" : "public, max-age=3600";
            },
        });
        app.UseMiddleware<SessionMiddleware>();
        app.MapGet("/health", () => Results.Json(new { status = "ok", app = "site" }));
        app.MapControllers();
        // Browser-facing worker pages (the offline test checkout) live on the site's origin; they are forwarded
        // unchanged to the worker that owns them, so CSP stays 'self' and cookies first-party.
        app.MapForwarder("/checkout/test/{**rest}", WorkerClientRegistration.BaseAddress(app.Configuration, Codex.Contracts.Role.EcomApi).ToString());
        // Signed media URLs (range requests and all) are served by the Content-API from its store.
        app.MapForwarder("/media/{**rest}", WorkerClientRegistration.BaseAddress(app.Configuration, Codex.Contracts.Role.ContentApi).ToString());
        return app;
    }
}
