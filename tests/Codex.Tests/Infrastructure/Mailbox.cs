using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Contracts.Notifications;

namespace Codex.Tests.Infrastructure;

/// <summary>Reads the Notifications worker's outbox through its internal route, as /dev/mail does.</summary>
public static partial class Mailbox
{
    public static async Task<IReadOnlyList<OutboxMessageDto>> MessagesToAsync(SystemFixture fixture, string email)
    {
        using var client = fixture.Client(Role.NotificationsApi);
        client.DefaultRequestHeaders.Add(InternalAuth.Header, fixture.System.InternalKey);
        var list = await client.GetFromJsonAsync<DataEnvelope<List<OutboxMessageDto>>>("/api/outbox", ContractJson.Options);
        return list!.Data.Where(m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The token of the newest link of <paramref name="path"/> (verify-email, reset-password) sent to <paramref name="email"/>.</summary>
    public static async Task<string> LatestTokenAsync(SystemFixture fixture, string email, string path)
    {
        var message = (await MessagesToAsync(fixture, email)).First(m => m.Text.Contains("/" + path + "?token="));
        return TokenOf(message.Text, path);
    }

    public static string TokenOf(string text, string path) =>
        Uri.UnescapeDataString(Regex.Match(text, "/" + Regex.Escape(path) + @"\?token=([^\s""<>]+)").Groups[1].Value);
}
