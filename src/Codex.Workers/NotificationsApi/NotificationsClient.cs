using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Notifications;
using Codex.Workers.Pipeline;

namespace Codex.Workers.NotificationsApi;

/// <summary>
/// Asks the Notifications worker to send an email (account links for Auth, receipts for Ecom). A failed send is logged and reported as false, never
/// thrown: the account or token it is about is already saved, and the user can ask for the link again.
/// </summary>
public sealed class NotificationsClient(HttpClient http, IConfiguration config, ILogger<NotificationsClient> logger)
{
    public static Uri BaseAddress(IConfiguration config)
    {
        var worker = WorkerInfo.Of(Role.NotificationsApi);
        return worker.BaseAddress(config[worker.UrlVariable]);
    }

    public Task<bool> SendAsync(string template, string to, string name, string token, CancellationToken ct) =>
        SendAsync(template, new SendEmailRequest(to, name, token), ct);

    /// <summary>Sends any template with all its fields (the receipt carries title, path and amount).</summary>
    public async Task<bool> SendAsync(string template, SendEmailRequest email, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/templates/{template}/send")
            {
                Content = JsonContent.Create(email, options: ContractJson.Options),
            };
            request.Headers.Add(InternalAuth.Header, config[InternalKey.Setting] ?? "");
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode) return true;
            logger.LogError("Notifications refused the {Template} email: {Status}", template, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Notifications unreachable for the {Template} email", template);
        }
        return false;
    }
}
