using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Configuration;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>
/// Base of the typed worker clients: Flurl builds requests on the factory's <see cref="HttpClient"/> (so the budgets,
/// the forwarding and the metrics handlers apply), each request names its <see cref="CallBudget"/>, and failures
/// become results here, in one place: 404 → null (<see cref="GetOrNullAsync{T}"/>), other contract errors →
/// <see cref="WorkerCallException"/>, 5xx, timeout or open circuit → <see cref="WorkerUnavailableException"/>.
/// </summary>
public abstract class WorkerClient
{
    private readonly string _worker;
    private readonly IFlurlClient _flurl;

    protected WorkerClient(HttpClient http, Role role)
    {
        _worker = WorkerInfo.Of(role).Name;
        _flurl = new FlurlClient(http);
        _flurl.Settings.JsonSerializer = new DefaultJsonSerializer(ContractJson.Options);
        _flurl.Settings.Timeout = Timeout.InfiniteTimeSpan; // the budgets own time
    }

    /// <summary>A request to the route <paramref name="template"/> filled with <paramref name="values"/>, under <paramref name="budget"/>.</summary>
    protected IFlurlRequest Request(CallBudget budget, string template, params object[] values)
    {
        var worker = _worker;
        return _flurl.Request(RouteTemplate.Fill(template, values)).BeforeCall(call =>
        {
            call.HttpRequestMessage.Options.Set(WorkerCallBudgets.BudgetKey, budget);
            call.HttpRequestMessage.Options.Set(WorkerCallBudgets.WorkerKey, worker);
        });
    }

    /// <summary>Sends a GET and reads <typeparamref name="T"/>; a 404 is null.</summary>
    protected async Task<T?> GetOrNullAsync<T>(IFlurlRequest request, CancellationToken ct) where T : class
    {
        try
        {
            return await GetAsync<T>(request, ct);
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status404NotFound)
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
            throw new WorkerCallException(e.StatusCode.Value, await ReadErrorAsync(e) ?? ErrorFor(e.StatusCode.Value),
                RetryAfter(e));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is FlurlHttpException or BrokenCircuitException
            or TimeoutRejectedException or HttpRequestException or TimeoutException or JsonException)
        {
            // 5xx, connection refused, a budget's timeout, an open circuit, a body that is not the contract's JSON.
            throw new WorkerUnavailableException(_worker, e);
        }
    }

    /// <summary>Runs one call that answers no body (a 204).</summary>
    protected Task CallAsync(Func<CancellationToken, Task> call, CancellationToken ct) =>
        CallAsync(async token =>
        {
            await call(token);
            return true;
        }, ct);

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

    private static TimeSpan? RetryAfter(FlurlHttpException e) =>
        e.Call.Response?.ResponseMessage.Headers.RetryAfter?.Delta;

    private static ErrorBody ErrorFor(int status) => new(status switch
    {
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        429 => ErrorCodes.RateLimited,
        _ => ErrorCodes.ValidationError,
    }, "The request was refused.");
}
