using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// Stands in for the site where workers send <c>POST /internal/cache/invalidate</c> (<c>Codex__SiteUrl</c>): records
/// every tag it is told to drop, so a test can see that a worker told the site.
/// </summary>
public sealed class RecordingSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _tags = new();

    private RecordingSite(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First());

    /// <summary>Every tag received so far, in order.</summary>
    public IReadOnlyList<string> Tags => [.. _tags];

    public static async Task<RecordingSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var site = new RecordingSite(app);
        app.MapPost("/internal/cache/invalidate", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            foreach (var tag in body.RootElement.GetProperty("tags").EnumerateArray()) site._tags.Enqueue(tag.GetString()!);
            return Results.NoContent();
        });
        await app.StartAsync();
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
