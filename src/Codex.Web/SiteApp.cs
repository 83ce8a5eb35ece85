using Codex.ServiceDefaults;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace Codex.Web;

/// <summary>Builds the site: MVC with nested feature folders, typed worker clients, the session scheme and its policies, error pages.</summary>
public static class SiteApp
{
    /// <summary>
    /// Creates the site application. <paramref name="configure"/> runs on the builder before services are added
    /// (the host sets the listening address; tests point worker URLs elsewhere or add probe controllers).
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
        builder.AddServiceDefaults("site", ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddControllersWithViews(o =>
            {
                o.Filters.Add<FormReadFilter>();
                o.Filters.Add<VaryOnHtmxFilter>();
                o.Filters.Add<WorkerUnavailableFilter>();
                o.Filters.Add<WorkerRefusalFilter>();
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            })
            .AddRazorOptions(FeatureFolderViewLocationExpander.Use);
        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider>();
        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, FlashTempDataProvider>();
        // One key ring for antiforgery and flash cookies, whichever instance reads them: the host keeps it in the
        // database, shared by every site instance (ADR 040); a site made without a host keeps it in its data folder.
        services.AddDataProtection().SetApplicationName("codex");
        services.AddOptions<KeyManagementOptions>().PostConfigure<ILoggerFactory>((o, logs) => o.XmlRepository ??=
            new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(config.GetCodexOptions().DataFolder, "keys")), logs));
        services.AddValidatorsFromAssemblyContaining<SiteUrls>(ServiceLifetime.Singleton);
        services.AddWorkerClients(config);
        services.AddSettings<SiteAuthOptions>(config, SiteAuthOptions.Section, o => o.Problems());
        services.TryAddSingleton(TimeProvider.System); // tests put their own clock in first
        services.AddSingleton<SessionCache>();
        services.AddSingleton<UserDataCache>();
        services.AddSitePolicies();
        services.AddScoped<Catalogue>();
        services.AddScoped<OwnedContent>(); // issue 15, item 4: "Owned" on cards and content pages (ADR 033)
        services.AddScoped<Features.Studio.Shared.StudioOrganizations>();
        services.AddSingleton<Markdown>();
        Features.ContentPage.PageViewsRegistration.AddPageViews(services);
        services.AddSingleton<SiteUrls>();
        // Live events (ADR 036): the host passes its bus; a site made on its own (tests) gets one of its own.
        services.TryAddSingleton<Codex.ServiceDefaults.Live.ILiveEventBus, Codex.ServiceDefaults.Live.InProcessLiveEventBus>();
        services.AddSettings<Infrastructure.Live.LiveEventOptions>(config, Infrastructure.Live.LiveEventOptions.Section, o => o.Problems());
        services.AddSingleton<Infrastructure.Live.LiveEventHub>();
        // Cache invalidations from the workers reach every site instance on the same bus (ADR 040).
        services.AddHostedService<Infrastructure.Live.CacheInvalidations>();
        services.AddSingleton<ContentSecurityPolicy>();
        services.AddHttpForwarder();
        // Whole anonymous pages (ADR 027); the policy is named on each page that may be kept.
        services.AddOutputCache(o =>
        {
            o.SizeLimit = AnonymousPageCache.SizeLimitBytes;
            o.MaximumBodySize = AnonymousPageCache.MaximumBodyBytes;
            o.DefaultExpirationTimeSpan = AnonymousPageCache.Lifetime;
            // A path that differs only in case is another URL here, as it is to the workers' slug lookups.
            o.UseCaseSensitivePaths = true;
            o.AddPolicy(AnonymousPageCache.Policy, new AnonymousPagePolicy());
        });
        services.AddSingleton<AnonymousPageCache>();
        services.AddHybridCache(o =>
        {
            o.MaximumPayloadBytes = 8 * 1024 * 1024; // the list of every organization (the discover filter), the largest entry
            o.DefaultEntryOptions = new Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1) };
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "codex-antiforgery";
            // Always would throw on plain-HTTP requests (a TLS-terminating proxy in front); the token pair is still
            // bound to this site and useless elsewhere.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Every htmx post is a form's and carries the token as its own hidden field; only streamed uploads, whose
            // form the site never reads, carry it in a header (StreamedUploadAttribute).
            o.HeaderName = StreamedUploadAttribute.TokenHeader;
        });

        var app = builder.Build();
        var codex = app.Services.GetRequiredService<CodexOptions>();
        // Listening from the start, so that a browser reconnecting later gets what it missed (ADR 036).
        app.Services.GetRequiredService<Infrastructure.Live.LiveEventHub>();
        app.UseServiceDefaults();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/errors/exception");
        app.UseStatusCodePagesWithReExecute("/errors/{0}");
        // Our scripts minified (ADR 039), through the web root every reader uses: the files served, asp-append-version's
        // hashes and the service worker's version all come from the same bytes, so a change of minifier is a new URL.
        app.Environment.WebRootFileProvider = new MinifiedScripts(app.Environment.WebRootFileProvider, app.Services.GetRequiredService<ILogger<MinifiedScripts>>());
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                // Versioned URLs (?v=hash) never change; the rest may, so they are revalidated hourly.
                var versioned = file.Context.Request.Query.ContainsKey("v");
                file.Context.Response.Headers.CacheControl = versioned ? "public, max-age=31536000, immutable" : "public, max-age=3600";
            },
        });
        // After the security headers (stored pages carry them too) and the error pages (a 404 or 503 is never kept),
        // before authentication: a stored page is for requests without cookies, which have no one to authenticate.
        app.UseOutputCache();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapControllers();
        // Browser-facing worker pages (the offline test checkout) live on the site's origin; they are forwarded
        // unchanged to the worker that owns them, so CSP stays 'self' and cookies first-party.
        // A worker that accepts and never answers costs a 504 after the idle timeout, not YARP's 100 s.
        var forwarding = new ForwarderRequestConfig
        {
            ActivityTimeout = app.Services.GetRequiredService<WorkerClientOptions>().ForwardIdleTimeout,
        };
        app.MapForwarder(SiteRoutes.TestCheckout + "/{**rest}", codex.WorkerBase(Role.EcomApi).ToString(), forwarding);
        // Signed media URLs (range requests and all) are served by the Content-API from its store.
        app.MapForwarder(SiteRoutes.Media + "/{**rest}", codex.WorkerBase(Role.ContentApi).ToString(), forwarding);
        // Uploaded organization logos, served by the Organization-API from the media store.
        app.MapForwarder(SiteRoutes.Logos + "/{**rest}", codex.WorkerBase(Role.OrganizationApi).ToString(), forwarding)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        // Uploaded avatars, served by the Identity-API from the media store.
        app.MapForwarder(SiteRoutes.Avatars + "/{**rest}", codex.WorkerBase(Role.IdentityApi).ToString(), forwarding)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        // In the single container only the site's port is published: Stripe's webhook reaches the Ecom worker through
        // it, the raw body untouched (its signature is over those bytes).
        app.MapForwarder(EcomRoutes.StripeWebhook, codex.WorkerBase(Role.EcomApi).ToString(), forwarding)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Post]));
        return app;
    }
}
