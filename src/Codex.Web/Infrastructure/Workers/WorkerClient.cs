using System.Text.Json;
using Codex.Contracts;
using Flurl.Http;
using Flurl.Http.Configuration;
using Polly;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>
/// Base of the typed worker clients: Flurl builds requests on the factory's <see cref="HttpClient"/> (so the
/// resilience pipeline and the forwarding handler apply), and failures become results here, in one place:
/// 404 → null, other contract errors → <see cref="WorkerCallException"/>, 5xx/timeout/open circuit →
/// <see cref="WorkerUnavailableException"/>.
/// </summary>
public abstract class WorkerClient
{
    private readonly string _worker;

    protected WorkerClient(HttpClient http, string worker)
    {
        _worker = worker;
        Flurl = Configure(new FlurlClient(http));
    }

    /// <summary>The contract's JSON, and no Flurl timeout: the resilience pipeline owns time budgets.</summary>
    protected static IFlurlClient Configure(IFlurlClient client)
    {
        client.Settings.JsonSerializer = new DefaultJsonSerializer(ContractJson.Options);
        client.Settings.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    /// <summary>The Flurl client bound to this worker's base address.</summary>
    protected IFlurlClient Flurl { get; }

    /// <summary>Sends a GET and reads <typeparamref name="T"/>; a 404 is null.</summary>
    protected async Task<T?> GetOrNullAsync<T>(IFlurlRequest request, CancellationToken ct) where T : class
    {
        try
        {
            return await GetAsync<T>(request, ct);
        }
        catch (WorkerCallException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Sends a GET and reads <typeparamref name="T"/>; every failure is an exception.</summary>
    protected Task<T> GetAsync<T>(IFlurlRequest request, CancellationToken ct) =>
        CallAsync(token => request.GetJsonAsync<T>(cancellationToken: token), ct);

    /// <summary>Runs one call to the worker and translates its failures.</summary>
    protected async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call(ct);
        }
        catch (FlurlHttpException e) when (e.StatusCode is >= 400 and < 500)
        {
            throw new WorkerCallException(e.StatusCode.Value, await ReadErrorAsync(e) ?? ErrorFor(e.StatusCode.Value));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is FlurlHttpException or ExecutionRejectedException
            or HttpRequestException or TimeoutException or JsonException)
        {
            // 5xx, connection refused, Polly's timeout or open circuit, a body that is not the contract's JSON.
            throw new WorkerUnavailableException(_worker, e);
        }
    }

    private static async Task<ErrorBody?> ReadErrorAsync(FlurlHttpException e)
    {
        try
        {
            return (await e.GetResponseJsonAsync<ErrorEnvelope>())?.Error;
        }
        catch (Exception parse) when (parse is JsonException or FlurlParsingException)
        {
            return null;
        }
    }

    private static ErrorBody ErrorFor(int status) => new(status switch
    {
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        429 => ErrorCodes.RateLimited,
        _ => ErrorCodes.ValidationError,
    }, "The request was refused.");
}
