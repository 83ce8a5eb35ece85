using Codex.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codex.Tests.Web.Infrastructure;

/// <summary>
/// The cache headers of catalogue pages (<see cref="PublicPageAttribute"/>) next to antiforgery: a page that renders a
/// form's token is no-store, and nothing sets a header before the token that antiforgery would then override (with a
/// warning in the log on every signed-in page view).
/// </summary>
public sealed class PublicPageTests
{
    private sealed class Warnings : ILoggerProvider, ILogger
    {
        public List<string> Messages { get; } = [];
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lock (Messages) Messages.Add(formatter(state, exception));
        }
        public void Dispose() { }
    }

    /// <summary>A response that runs its <c>OnStarting</c> callbacks when told to, as Kestrel does before the first byte.</summary>
    private sealed class StartableResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Insert(0, (callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in _starting) await callback(state);
        }
    }

    private static (HttpContext Context, StartableResponse Response, Warnings Log, IAntiforgery Antiforgery) Request(string? cookie)
    {
        var log = new Warnings();
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(log));
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery();
        var provider = services.BuildServiceProvider();
        var response = new StartableResponse();
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Features.Set<IHttpResponseFeature>(response);
        if (cookie is not null) context.Request.Headers.Cookie = cookie;
        return (context, response, log, provider.GetRequiredService<IAntiforgery>());
    }

    private static void RunFilter(HttpContext context) =>
        new PublicPageAttribute().OnResultExecuting(new ResultExecutingContext(
            new ActionContext(context, new RouteData(), new ActionDescriptor()), [], new ViewResult(), controller: new object()));

    [Fact]
    public async Task APageWithAFormsToken_AndACookie_IsNoStore_AndNothingIsOverridden()
    {
        var (context, response, log, antiforgery) = Request("codex-session=abc");

        RunFilter(context);
        antiforgery.GetAndStoreTokens(context); // the view renders a form
        await response.StartAsync();

        Assert.Equal("no-cache, no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("no-cache", context.Response.Headers.Pragma.ToString());
        Assert.Contains("Cookie", context.Response.Headers.Vary.ToString());
        Assert.DoesNotContain(log.Messages, m => m.Contains("overridden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APageWithoutAForm_AndACookie_IsPrivate()
    {
        var (context, response, _, _) = Request("codex-flash=hello");

        RunFilter(context);
        await response.StartAsync();

        Assert.Equal("private, no-cache", context.Response.Headers.CacheControl.ToString());
        Assert.Contains("Cookie", context.Response.Headers.Vary.ToString());
    }

    [Fact]
    public async Task APageWithoutACookie_IsPublicForAMinute()
    {
        var (context, response, _, _) = Request(cookie: null);

        RunFilter(context);
        await response.StartAsync();

        Assert.Equal("public, max-age=60", context.Response.Headers.CacheControl.ToString());
    }
}
