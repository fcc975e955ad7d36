/**
 * Azure AI Translator (v3): {@link dev.handoff.translate.azure.AzureTranslator}. The key travels in the
 * {@code Ocp-Apim-Subscription-Key} header, with the resource's region in {@code Ocp-Apim-Subscription-Region} when
 * it has one.
 */
package dev.handoff.translate.azure;
