using System.Net.Http.Json;
using System.Text.Json;
using Codex.Contracts;

namespace Codex.Tests.Infrastructure;

/// <summary>Reading worker answers in tests.</summary>
public static class Json
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(ContractJson.Options))!;

    /// <summary>The error envelope of a failed answer, asserting its shape.</summary>
    public static async Task<ErrorBody> ErrorAsync(this HttpResponseMessage response)
    {
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        Assert.True(doc.RootElement.TryGetProperty("error", out var error), $"not an error envelope: {text}");
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return JsonSerializer.Deserialize<ErrorEnvelope>(text, ContractJson.Options)!.Error;
    }

    /// <summary>The field names of a VALIDATION_ERROR's <c>details.fieldErrors</c>.</summary>
    public static async Task<IReadOnlyCollection<string>> FieldErrorsAsync(this HttpResponseMessage response)
    {
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        var details = (JsonElement)error.Details!;
        return details.GetProperty("fieldErrors").EnumerateObject().Select(p => p.Name).ToArray();
    }
}
