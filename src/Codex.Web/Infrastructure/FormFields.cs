using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Codex.Web.Infrastructure;

/// <summary>A labelled input with its inline error, wired for screen readers (<c>_Field.cshtml</c>).</summary>
/// <param name="Value">What the user typed; always null for passwords, which are never sent back.</param>
public sealed record FieldModel(string Name, string Label, string Type, string? Value, string? Error,
    string? Autocomplete = null, string? Hint = null, bool Required = true, int? MaxLength = null);

public static class FormFields
{
    /// <summary>A field of the current form: its error from ModelState, its value unless it is a password.</summary>
    public static FieldModel Field(this IHtmlHelper html, string name, string label, string type, string? value,
        string? autocomplete = null, string? hint = null, int? maxLength = null) =>
        new(name, label, type, type == "password" ? null : value, html.ViewData.ModelState.ErrorFor(name), autocomplete, hint,
            MaxLength: maxLength);

    public static string? ErrorFor(this ModelStateDictionary state, string name) =>
        state.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    /// <summary>Form-level errors (key "").</summary>
    public static IEnumerable<string> FormErrors(this ModelStateDictionary state) =>
        state.TryGetValue("", out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    /// <summary>
    /// A worker's refusal as inline errors: its <c>fieldErrors</c> on the matching fields (camelCase to the form's
    /// PascalCase), anything else as a form-level sentence.
    /// </summary>
    public static void AddWorkerErrors(this ModelStateDictionary state, WorkerCallException e)
    {
        if (e.Error.Details is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } details
            && details.TryGetProperty("fieldErrors", out var fields) && fields.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var field in fields.EnumerateObject())
            {
                var key = field.Name.Length == 0 ? "" : char.ToUpperInvariant(field.Name[0]) + field.Name[1..];
                foreach (var message in field.Value.EnumerateArray()) state.AddModelError(key, message.GetString() ?? "Not valid.");
            }
            return;
        }
        state.AddModelError(e.Error.Code switch
        {
            Codex.Contracts.ErrorCodes.EmailTaken => "Email",
            Codex.Contracts.ErrorCodes.SlugTaken => "Slug",
            _ => "",
        }, e.Error.Message);
    }
}
